using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace Nojor.Articles.Data.Migrations
{
    /// <inheritdoc />
    public partial class EditorialWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_articles_Status_PublishedAt",
                table: "articles");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            // Search folds case ("simple") and accents (unaccent) for index and query alike; the generated
            // SearchVector column below depends on this configuration.
            migrationBuilder.Sql("""
                CREATE TEXT SEARCH CONFIGURATION nojor (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION nojor ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;
                """);

            migrationBuilder.AddColumn<string>(
                name: "BodyHtml",
                table: "articles",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BodyText",
                table: "articles",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Byline",
                table: "articles",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dateline",
                table: "articles",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EmbargoUntil",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "articles",
                type: "character varying(35)",
                maxLength: 35,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PlaceText",
                table: "articles",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishAt",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetractedAt",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetractionReason",
                table: "articles",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "StoryId",
                table: "articles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "SearchVector",
                table: "articles",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('nojor'::regconfig, \"Headline\"), 'A') || setweight(to_tsvector('nojor'::regconfig, \"PlaceText\"), 'A') || setweight(to_tsvector('nojor'::regconfig, coalesce(\"Summary\", '')), 'B') || setweight(to_tsvector('nojor'::regconfig, \"BodyText\"), 'C')",
                stored: true);

            migrationBuilder.CreateTable(
                name: "article_corrections",
                columns: table => new
                {
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_article_corrections", x => new { x.ArticleId, x.Id });
                    table.ForeignKey(
                        name: "FK_article_corrections_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "article_places",
                columns: table => new
                {
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Country = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    District = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_article_places", x => new { x.ArticleId, x.Id });
                    table.ForeignKey(
                        name: "FK_article_places_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "article_revisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Change = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Headline = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_article_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_article_revisions_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stories", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_articles_PlaceText",
                table: "articles",
                column: "PlaceText")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_articles_PublishAt",
                table: "articles",
                column: "PublishAt",
                filter: "\"Status\" = 'Scheduled'");

            migrationBuilder.CreateIndex(
                name: "IX_articles_SearchVector",
                table: "articles",
                column: "SearchVector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_articles_Status_PublishedAt_Id",
                table: "articles",
                columns: new[] { "Status", "PublishedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_articles_StoryId",
                table: "articles",
                column: "StoryId");

            migrationBuilder.CreateIndex(
                name: "IX_articles_Tags",
                table: "articles",
                column: "Tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_article_revisions_ArticleId_Version",
                table: "article_revisions",
                columns: new[] { "ArticleId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_stories_Slug",
                table: "stories",
                column: "Slug",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_articles_stories_StoryId",
                table: "articles",
                column: "StoryId",
                principalTable: "stories",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_articles_stories_StoryId",
                table: "articles");

            migrationBuilder.DropTable(
                name: "article_corrections");

            migrationBuilder.DropTable(
                name: "article_places");

            migrationBuilder.DropTable(
                name: "article_revisions");

            migrationBuilder.DropTable(
                name: "stories");

            migrationBuilder.DropIndex(
                name: "IX_articles_PlaceText",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "IX_articles_PublishAt",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "IX_articles_SearchVector",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "IX_articles_Status_PublishedAt_Id",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "IX_articles_StoryId",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "IX_articles_Tags",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "SearchVector",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "BodyHtml",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "BodyText",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "Byline",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "Dateline",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "EmbargoUntil",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "PlaceText",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "PublishAt",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "RetractedAt",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "RetractionReason",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "StoryId",
                table: "articles");

            migrationBuilder.Sql("DROP TEXT SEARCH CONFIGURATION IF EXISTS nojor;");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_articles_Status_PublishedAt",
                table: "articles",
                columns: new[] { "Status", "PublishedAt" });
        }
    }
}
