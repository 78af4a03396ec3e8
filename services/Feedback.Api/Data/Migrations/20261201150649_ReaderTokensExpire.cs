using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Feedback.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReaderTokensExpire : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "readers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Tokens issued before expiry existed get the default lifetime from when they were issued.
            migrationBuilder.Sql("""UPDATE readers SET "ExpiresAt" = "CreatedAt" + interval '180 days';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "readers");
        }
    }
}
