using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FieldMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedOutAt",
                table: "Screenings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CheckedOutToDeviceId",
                table: "Screenings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FieldSyncedAt",
                table: "Screenings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FieldCheckouts",
                columns: table => new
                {
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    DownloadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSyncAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSyncedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CheckedInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RawDataDeletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldCheckouts", x => x.ScreeningId);
                });

            migrationBuilder.CreateTable(
                name: "FieldConnections",
                columns: table => new
                {
                    DeviceId = table.Column<Guid>(type: "uuid", nullable: false),
                    CentralBaseUrl = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DeviceName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DeviceToken = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EnrolledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldConnections", x => x.DeviceId);
                });

            migrationBuilder.CreateTable(
                name: "FieldDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EnrolmentCodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EnrolmentExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EnrolledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldDevices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FieldSyncCursors",
                columns: table => new
                {
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LastId = table.Column<Guid>(type: "uuid", nullable: true),
                    Sent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldSyncCursors", x => new { x.ScreeningId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "FieldSyncLog",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IsError = table.Column<bool>(type: "boolean", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldSyncLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FieldSyncReceipts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    Via = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    AlreadyHad = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldSyncReceipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FieldDeviceFacilitators",
                columns: table => new
                {
                    DeviceId = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldDeviceFacilitators", x => new { x.DeviceId, x.StaffUserId });
                    table.ForeignKey(
                        name: "FK_FieldDeviceFacilitators_FieldDevices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "FieldDevices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_CheckedOutToDeviceId",
                table: "Screenings",
                column: "CheckedOutToDeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_FieldDeviceFacilitators_StaffUserId",
                table: "FieldDeviceFacilitators",
                column: "StaffUserId");

            migrationBuilder.CreateIndex(
                name: "IX_FieldDevices_EnrolmentCodeHash",
                table: "FieldDevices",
                column: "EnrolmentCodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FieldDevices_TokenHash",
                table: "FieldDevices",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FieldSyncLog_ScreeningId_At",
                table: "FieldSyncLog",
                columns: new[] { "ScreeningId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_FieldSyncReceipts_ScreeningId_At",
                table: "FieldSyncReceipts",
                columns: new[] { "ScreeningId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FieldCheckouts");

            migrationBuilder.DropTable(
                name: "FieldConnections");

            migrationBuilder.DropTable(
                name: "FieldDeviceFacilitators");

            migrationBuilder.DropTable(
                name: "FieldSyncCursors");

            migrationBuilder.DropTable(
                name: "FieldSyncLog");

            migrationBuilder.DropTable(
                name: "FieldSyncReceipts");

            migrationBuilder.DropTable(
                name: "FieldDevices");

            migrationBuilder.DropIndex(
                name: "IX_Screenings_CheckedOutToDeviceId",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "CheckedOutAt",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "CheckedOutToDeviceId",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "FieldSyncedAt",
                table: "Screenings");
        }
    }
}
