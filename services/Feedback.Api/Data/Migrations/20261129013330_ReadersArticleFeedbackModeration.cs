using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Feedback.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReadersArticleFeedbackModeration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_known_articles_Slug",
                table: "known_articles");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetractedAt",
                table: "known_articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetractionReason",
                table: "known_articles",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "beta_feedback",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedAt",
                table: "beta_feedback",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EditedAt",
                table: "beta_feedback",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicReply",
                table: "beta_feedback",
                type: "character varying(5000)",
                maxLength: 5000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ReaderId",
                table: "beta_feedback",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "beta_feedback",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "New"); // feedback sent before triage existed starts untriaged

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TriagedAt",
                table: "beta_feedback",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "comments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ArticleVersion = table.Column<int>(type: "integer", nullable: false),
                    ReaderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HeldFor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EditedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ModeratedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_comments_comments_ParentId",
                        column: x => x.ParentId,
                        principalTable: "comments",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_comments_known_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "known_articles",
                        principalColumn: "ArticleId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "correction_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ArticleVersion = table.Column<int>(type: "integer", nullable: false),
                    ReaderId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuotedPassage = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    SuggestedFix = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_correction_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_correction_requests_known_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "known_articles",
                        principalColumn: "ArticleId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idea_votes",
                columns: table => new
                {
                    FeedbackId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReaderId = table.Column<Guid>(type: "uuid", nullable: false),
                    VotedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idea_votes", x => new { x.FeedbackId, x.ReaderId });
                    table.ForeignKey(
                        name: "FK_idea_votes_beta_feedback_FeedbackId",
                        column: x => x.FeedbackId,
                        principalTable: "beta_feedback",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ratings",
                columns: table => new
                {
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReaderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<int>(type: "integer", nullable: false),
                    ArticleVersion = table.Column<int>(type: "integer", nullable: false),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ratings", x => new { x.ArticleId, x.ReaderId });
                    table.CheckConstraint("ck_ratings_value", "\"Value\" BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "FK_ratings_known_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "known_articles",
                        principalColumn: "ArticleId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reactions",
                columns: table => new
                {
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReaderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ArticleVersion = table.Column<int>(type: "integer", nullable: false),
                    ReactedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reactions", x => new { x.ArticleId, x.ReaderId });
                    table.ForeignKey(
                        name: "FK_reactions_known_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "known_articles",
                        principalColumn: "ArticleId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "readers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_readers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_known_articles_Slug",
                table: "known_articles",
                column: "Slug");

            migrationBuilder.CreateIndex(
                name: "IX_beta_feedback_ReceivedAt",
                table: "beta_feedback",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_comments_ArticleId_Status_CreatedAt",
                table: "comments",
                columns: new[] { "ArticleId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_comments_ParentId",
                table: "comments",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_comments_ReaderId_CreatedAt",
                table: "comments",
                columns: new[] { "ReaderId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_comments_Status_CreatedAt",
                table: "comments",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_correction_requests_ArticleId_RequestedAt",
                table: "correction_requests",
                columns: new[] { "ArticleId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_correction_requests_RequestedAt",
                table: "correction_requests",
                column: "RequestedAt");

            migrationBuilder.CreateIndex(
                name: "IX_readers_TokenHash",
                table: "readers",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "comments");

            migrationBuilder.DropTable(
                name: "correction_requests");

            migrationBuilder.DropTable(
                name: "idea_votes");

            migrationBuilder.DropTable(
                name: "ratings");

            migrationBuilder.DropTable(
                name: "reactions");

            migrationBuilder.DropTable(
                name: "readers");

            migrationBuilder.DropIndex(
                name: "IX_known_articles_Slug",
                table: "known_articles");

            migrationBuilder.DropIndex(
                name: "IX_beta_feedback_ReceivedAt",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "RetractedAt",
                table: "known_articles");

            migrationBuilder.DropColumn(
                name: "RetractionReason",
                table: "known_articles");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "PublicReply",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "ReaderId",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "beta_feedback");

            migrationBuilder.DropColumn(
                name: "TriagedAt",
                table: "beta_feedback");

            migrationBuilder.CreateIndex(
                name: "IX_known_articles_Slug",
                table: "known_articles",
                column: "Slug",
                unique: true);
        }
    }
}
