using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class VerifiedEndpointsEncryptedSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Secret",
                table: "subscriptions",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);

            migrationBuilder.AlterColumn<string>(
                name: "PreviousSecret",
                table: "subscriptions",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetHost",
                table: "subscriptions",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "VerificationChallenge",
                table: "subscriptions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerificationFailure",
                table: "subscriptions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerificationRequestedAt",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerifiedAt",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            // Subscriptions from before: their host read off the URL (lower case, an IPv6 literal without its brackets), and
            // taken as verified: they were accepted and have been receiving alerts under the earlier rules. Their secrets
            // are encrypted by the service at its next start (SigningSecretsAtRest), which needs the key ring SQL cannot reach.
            migrationBuilder.Sql("""
                UPDATE subscriptions SET
                    "TargetHost" = lower(trim(both '[]' from substring("Url" from '^[A-Za-z][A-Za-z0-9+.-]*://(\[[^]]*\]|[^:/?#]*)'))),
                    "VerifiedAt" = "CreatedAt";
                """);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_TargetHost",
                table: "subscriptions",
                column: "TargetHost");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_TargetHost",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "TargetHost",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "VerificationChallenge",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "VerificationFailure",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "VerificationRequestedAt",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "subscriptions");

            migrationBuilder.AlterColumn<string>(
                name: "Secret",
                table: "subscriptions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(1024)",
                oldMaxLength: 1024);

            migrationBuilder.AlterColumn<string>(
                name: "PreviousSecret",
                table: "subscriptions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1024)",
                oldMaxLength: 1024,
                oldNullable: true);
        }
    }
}
