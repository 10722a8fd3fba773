using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class VoteIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Votes_ParticipantId_StatementId",
                table: "Votes");

            migrationBuilder.DropIndex(
                name: "IX_Votes_ScreeningId",
                table: "Votes");

            migrationBuilder.CreateIndex(
                name: "IX_Votes_ParticipantId",
                table: "Votes",
                column: "ParticipantId");

            migrationBuilder.CreateIndex(
                name: "IX_Votes_ScreeningId_CreatedAt",
                table: "Votes",
                columns: new[] { "ScreeningId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Votes_ParticipantId",
                table: "Votes");

            migrationBuilder.DropIndex(
                name: "IX_Votes_ScreeningId_CreatedAt",
                table: "Votes");

            migrationBuilder.CreateIndex(
                name: "IX_Votes_ParticipantId_StatementId",
                table: "Votes",
                columns: new[] { "ParticipantId", "StatementId" });

            migrationBuilder.CreateIndex(
                name: "IX_Votes_ScreeningId",
                table: "Votes",
                column: "ScreeningId");
        }
    }
}
