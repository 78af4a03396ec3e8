using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertStreamReach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_stream_reach",
                columns: table => new
                {
                    AlertSequence = table.Column<long>(type: "bigint", nullable: false),
                    Instance = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Clients = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_stream_reach", x => new { x.AlertSequence, x.Instance });
                    table.ForeignKey(
                        name: "FK_alert_stream_reach_alerts_AlertSequence",
                        column: x => x.AlertSequence,
                        principalTable: "alerts",
                        principalColumn: "Sequence",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_stream_reach");
        }
    }
}
