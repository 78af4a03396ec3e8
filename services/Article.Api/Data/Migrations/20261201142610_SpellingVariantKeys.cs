using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nojor.Articles.Data.Migrations
{
    /// <inheritdoc />
    public partial class SpellingVariantKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The spelling key of one word and the keys of a text (see Search/SpellingVariants.cs for the rules). The
            // generated column below and every search query call these same functions, so a report's words and the
            // reader's terms are keyed alike. SQL-standard bodies: their references are bound when they are created,
            // whatever search_path a later insert runs with. Words come from the "nojor" configuration, already
            // lowercase and without accents.
            migrationBuilder.Sql("""
                CREATE FUNCTION public.nojor_variant_key(word text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN CASE WHEN word ~ '[0-9]' THEN word ELSE
                        regexp_replace(regexp_replace(
                            regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                                translate(lower(word), 'qxw', 'khv'),
                                'dzh|zh|dj', 'j', 'g'), 'tch', 'ch', 'g'), 'kh', 'h', 'g'), 'gh', 'g', 'g'), 'ph', 'f', 'g'),
                            '([^aeiouy])\1+', '\1', 'g'),
                        '[aeiouy]+', 'a', 'g') END;

                CREATE FUNCTION public.nojor_variant_keys(document text) RETURNS text[]
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN ARRAY(SELECT DISTINCT public.nojor_variant_key(w)
                                 FROM unnest(tsvector_to_array(to_tsvector('nojor'::regconfig, document))) AS w);
                """);

            migrationBuilder.AddColumn<string[]>(
                name: "VariantKeys",
                table: "articles",
                type: "text[]",
                nullable: true,
                computedColumnSql: "public.nojor_variant_keys(\"Headline\" || ' ' || coalesce(\"Summary\", '') || ' ' || \"BodyText\" || ' ' || \"PlaceText\")",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_articles_VariantKeys",
                table: "articles",
                column: "VariantKeys")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_articles_VariantKeys",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "VariantKeys",
                table: "articles");

            migrationBuilder.Sql("""
                DROP FUNCTION IF EXISTS public.nojor_variant_keys(text);
                DROP FUNCTION IF EXISTS public.nojor_variant_key(text);
                """);
        }
    }
}
