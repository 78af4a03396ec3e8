using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Feedback.Data.Migrations
{
    /// <inheritdoc />
    public partial class InboxHandledBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "handled_by",
                table: "inbox_messages",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "handled_by",
                table: "inbox_messages");
        }
    }
}
