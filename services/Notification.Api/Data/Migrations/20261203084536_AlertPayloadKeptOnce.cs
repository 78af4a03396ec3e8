using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertPayloadKeptOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // New alert deliveries leave it null and send their alert's payload; rows written before keep their copy and
            // go with retention.
            migrationBuilder.AlterColumn<string>(
                name: "Payload",
                table: "webhook_deliveries",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The previous code sends only what the row holds: give every alert delivery its alert's payload back.
            migrationBuilder.Sql("""
                UPDATE webhook_deliveries AS d SET "Payload" = a."Payload"
                FROM alerts AS a
                WHERE d."Payload" IS NULL AND a."Id" = d."AlertId"
                """);
            migrationBuilder.AlterColumn<string>(
                name: "Payload",
                table: "webhook_deliveries",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
