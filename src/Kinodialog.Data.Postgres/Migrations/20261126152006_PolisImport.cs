using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PolisImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportedFrom",
                table: "Screenings",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Number",
                table: "Participants",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ImportedFrom",
                table: "Screenings");

            migrationBuilder.DropColumn(
                name: "Number",
                table: "Participants");
        }
    }
}
