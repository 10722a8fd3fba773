using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FilmLibrary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Films",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: true),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: true),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    CurrentEncodingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Films", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EncodingJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<double>(type: "REAL", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NotBefore = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EncodingJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EncodingJobs_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FilmCredits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Pseudonym = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsentToName = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FilmCredits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FilmCredits_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FilmSearchEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Field = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FilmSearchEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FilmSearchEntries_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FilmTags",
                columns: table => new
                {
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FilmTags", x => new { x.FilmId, x.Kind, x.Key });
                    table.ForeignKey(
                        name: "FK_FilmTags_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FilmTranslations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Synopsis = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DiscussionQuestions = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FilmTranslations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FilmTranslations_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MediaUploads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    OriginalName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediaUploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MediaUploads_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubtitleTracks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RelativePath = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CueCount = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubtitleTracks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubtitleTracks_Films_FilmId",
                        column: x => x.FilmId,
                        principalTable: "Films",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MediaFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EncodingJobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FilmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rendition = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RelativePath = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediaFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MediaFiles_EncodingJobs_EncodingJobId",
                        column: x => x.EncodingJobId,
                        principalTable: "EncodingJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EncodingJobs_FilmId",
                table: "EncodingJobs",
                column: "FilmId");

            migrationBuilder.CreateIndex(
                name: "IX_EncodingJobs_Status_CreatedAt",
                table: "EncodingJobs",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FilmCredits_FilmId",
                table: "FilmCredits",
                column: "FilmId");

            migrationBuilder.CreateIndex(
                name: "IX_Films_Slug",
                table: "Films",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FilmSearchEntries_FilmId",
                table: "FilmSearchEntries",
                column: "FilmId");

            migrationBuilder.CreateIndex(
                name: "IX_FilmTags_Kind_Key",
                table: "FilmTags",
                columns: new[] { "Kind", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_FilmTranslations_FilmId_Culture",
                table: "FilmTranslations",
                columns: new[] { "FilmId", "Culture" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MediaFiles_EncodingJobId",
                table: "MediaFiles",
                column: "EncodingJobId");

            migrationBuilder.CreateIndex(
                name: "IX_MediaFiles_FilmId",
                table: "MediaFiles",
                column: "FilmId");

            migrationBuilder.CreateIndex(
                name: "IX_MediaUploads_FilmId",
                table: "MediaUploads",
                column: "FilmId");

            migrationBuilder.CreateIndex(
                name: "IX_SubtitleTracks_FilmId_Culture",
                table: "SubtitleTracks",
                columns: new[] { "FilmId", "Culture" },
                unique: true);
        
            // Full-text search over folded text (SearchText.Normalize), kept in step by triggers.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE \"FilmSearchFts\" USING fts5(\"Text\", \"EntryId\" UNINDEXED, \"FilmId\" UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("CREATE TRIGGER \"FilmSearchEntries_ai\" AFTER INSERT ON \"FilmSearchEntries\" BEGIN INSERT INTO \"FilmSearchFts\"(\"Text\", \"EntryId\", \"FilmId\") VALUES (new.\"Text\", new.\"Id\", new.\"FilmId\"); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"FilmSearchEntries_ad\" AFTER DELETE ON \"FilmSearchEntries\" BEGIN DELETE FROM \"FilmSearchFts\" WHERE \"EntryId\" = old.\"Id\"; END;");
            migrationBuilder.Sql("CREATE TRIGGER \"FilmSearchEntries_au\" AFTER UPDATE ON \"FilmSearchEntries\" BEGIN DELETE FROM \"FilmSearchFts\" WHERE \"EntryId\" = old.\"Id\"; INSERT INTO \"FilmSearchFts\"(\"Text\", \"EntryId\", \"FilmId\") VALUES (new.\"Text\", new.\"Id\", new.\"FilmId\"); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"FilmSearchEntries_au\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"FilmSearchEntries_ad\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"FilmSearchEntries_ai\";");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"FilmSearchFts\";");

            migrationBuilder.DropTable(
                name: "FilmCredits");

            migrationBuilder.DropTable(
                name: "FilmSearchEntries");

            migrationBuilder.DropTable(
                name: "FilmTags");

            migrationBuilder.DropTable(
                name: "FilmTranslations");

            migrationBuilder.DropTable(
                name: "MediaFiles");

            migrationBuilder.DropTable(
                name: "MediaUploads");

            migrationBuilder.DropTable(
                name: "SubtitleTracks");

            migrationBuilder.DropTable(
                name: "EncodingJobs");

            migrationBuilder.DropTable(
                name: "Films");
        }
    }
}
