using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class FiltersAlertsAndDeliveryLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AlertId",
                table: "webhook_deliveries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstAttemptAt",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailingSince",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Filter",
                table: "subscriptions",
                type: "jsonb",
                nullable: false,
                // Existing subscriptions keep receiving everything: an empty filter matches all alerts.
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<bool>(
                name: "IsPaused",
                table: "subscriptions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PreviousSecret",
                table: "subscriptions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreviousSecretExpiresAt",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QuietHours",
                table: "subscriptions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    SupersedeKey = table.Column<Guid>(type: "uuid", nullable: false),
                    SupersedesAlertId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Facts = table.Column<string>(type: "jsonb", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "delivery_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    DeliveryId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AttemptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    LatencyMs = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_delivery_attempts_webhook_deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "webhook_deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_AlertId",
                table: "webhook_deliveries",
                column: "AlertId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_SubscriptionId_AlertId",
                table: "webhook_deliveries",
                columns: new[] { "SubscriptionId", "AlertId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_ArticleId",
                table: "alerts",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Id",
                table: "alerts",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_SupersedeKey_CreatedAt",
                table: "alerts",
                columns: new[] { "SupersedeKey", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_delivery_attempts_DeliveryId_Number",
                table: "delivery_attempts",
                columns: new[] { "DeliveryId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_delivery_attempts_SubscriptionId_AttemptedAt",
                table: "delivery_attempts",
                columns: new[] { "SubscriptionId", "AttemptedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "delivery_attempts");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_AlertId",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_SubscriptionId_AlertId",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "AlertId",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "FirstAttemptAt",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "Filter",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "IsPaused",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "PreviousSecret",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "PreviousSecretExpiresAt",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "QuietHours",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "subscriptions");
        }
    }
}
