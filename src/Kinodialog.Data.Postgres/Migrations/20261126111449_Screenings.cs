using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Screenings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Screenings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartsAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TimeZoneId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Venue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    City = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Country = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    EventCulture = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubtitleCulture = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DiscussionMinutes = table.Column<int>(type: "integer", nullable: false),
                    Facilitators = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AudienceType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExpectedSize = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    JoinCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    CurrentFilm = table.Column<int>(type: "integer", nullable: false),
                    AttendanceTotal = table.Column<int>(type: "integer", nullable: true),
                    AttendanceArmenian = table.Column<int>(type: "integer", nullable: true),
                    AttendanceAzerbaijani = table.Column<int>(type: "integer", nullable: true),
                    AttendanceOther = table.Column<int>(type: "integer", nullable: true),
                    Notes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Incidents = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Screenings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Screenings_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Participants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Culture = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Participants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Participants_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningChecklistItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Done = table.Column<bool>(type: "boolean", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningChecklistItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScreeningChecklistItems_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningFilms",
                columns: table => new
                {
                    ScreeningId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    FilmId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningFilms", x => new { x.ScreeningId, x.Position });
                    table.ForeignKey(
                        name: "FK_ScreeningFilms_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ScreeningFilms_Screenings_ScreeningId",
                        column: x => x.ScreeningId,
                        principalTable: "Screenings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Participants_ScreeningId",
                table: "Participants",
                column: "ScreeningId");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_TokenHash",
                table: "Participants",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningChecklistItems_ScreeningId_Key",
                table: "ScreeningChecklistItems",
                columns: new[] { "ScreeningId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningFilms_FilmId",
                table: "ScreeningFilms",
                column: "FilmId");

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_JoinCode",
                table: "Screenings",
                column: "JoinCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_OwnerId",
                table: "Screenings",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Screenings_StartsAtUtc",
                table: "Screenings",
                column: "StartsAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Participants");

            migrationBuilder.DropTable(
                name: "ScreeningChecklistItems");

            migrationBuilder.DropTable(
                name: "ScreeningFilms");

            migrationBuilder.DropTable(
                name: "Screenings");
        }
    }
}
