using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryAlertTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AlertTraceParent",
                table: "webhook_deliveries",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AlertTraceParent",
                table: "email_deliveries",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlertTraceParent",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "AlertTraceParent",
                table: "email_deliveries");
        }
    }
}
