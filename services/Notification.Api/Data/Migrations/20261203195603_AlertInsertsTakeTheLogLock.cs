using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Notifications.Data.Migrations
{
    /// <summary>
    /// Every insert into <c>alerts</c> takes the alert log's advisory lock (first key 0x4e4a0002) itself, before its rows
    /// draw their sequence, and holds it to the end of the transaction: alerts commit in sequence order whoever inserts
    /// them, and the consumers no longer spend a round trip of their own taking it.
    /// </summary>
    /// <remarks>
    /// A statement-level <c>BEFORE</c> trigger runs before the statement produces any row, so before the identity default
    /// is evaluated; a row-level one would run after it, letting a later sequence commit first.
    /// </remarks>
    public partial class AlertInsertsTakeTheLogLock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION alerts_take_log_lock() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(1313472514, 0);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER alerts_take_log_lock BEFORE INSERT ON alerts
                    FOR EACH STATEMENT EXECUTE FUNCTION alerts_take_log_lock();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER alerts_take_log_lock ON alerts;
                DROP FUNCTION alerts_take_log_lock();
                """);
        }
    }
}
