using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class PagesLeaveRoomForInPlaceUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Only a setting: pages written from now on leave the room; pages already full stay as they are until rewritten.
            migrationBuilder.AlterTable(
                name: "webhook_deliveries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "subscriptions")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "webhook_deliveries")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "subscriptions")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);
        }
    }
}
