using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kinodialog.Data.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Number",
                table: "Participants",
                type: "INTEGER",
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
