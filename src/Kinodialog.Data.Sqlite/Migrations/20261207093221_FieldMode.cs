using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CheckedOutToDeviceId",
                table: "Screenings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FieldSyncedAt",
                table: "Screenings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FieldCheckouts",
                columns: table => new
                {
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DownloadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSyncAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSyncedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CheckedInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RawDataDeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldCheckouts", x => x.ScreeningId);
                });

            migrationBuilder.CreateTable(
                name: "FieldConnections",
                columns: table => new
                {
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CentralBaseUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DeviceToken = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EnrolledAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldConnections", x => x.DeviceId);
                });

            migrationBuilder.CreateTable(
                name: "FieldDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnrolmentCodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnrolmentExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EnrolledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldDevices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FieldSyncCursors",
                columns: table => new
                {
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LastId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Sent = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldSyncCursors", x => new { x.ScreeningId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "FieldSyncLog",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsError = table.Column<bool>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldSyncLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FieldSyncReceipts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Via = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false),
                    AlreadyHad = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FieldSyncReceipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FieldDeviceFacilitators",
                columns: table => new
                {
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "TEXT", nullable: false)
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
