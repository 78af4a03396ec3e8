using Microsoft.EntityFrameworkCore;
using Nojor.Articles.Articles;
using Nojor.Articles.Search;
using Nojor.Articles.Stories;
using Nojor.Messaging;
using NpgsqlTypes;

namespace Nojor.Articles.Data;

public sealed class ArticleDbContext(DbContextOptions<ArticleDbContext> options) : DbContext(options)
{
    /// <summary>The text search configuration the search migration creates: "simple" behind unaccent.</summary>
    public const string TextSearchConfig = "nojor";

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<ArticleRevision> Revisions => Set<ArticleRevision>();

    public DbSet<Story> Stories => Set<Story>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("unaccent").HasPostgresExtension("pg_trgm");

        modelBuilder.Entity<Article>(article =>
        {
            article.ToTable("articles");
            article.HasKey(a => a.Id);
            article.Property(a => a.Id).ValueGeneratedNever();
            article.Property(a => a.Slug).HasMaxLength(Article.SlugMaxLength);
            article.HasIndex(a => a.Slug).IsUnique();
            article.Property(a => a.Headline).HasMaxLength(Article.HeadlineMaxLength);
            article.Property(a => a.Summary).HasMaxLength(Article.SummaryMaxLength);
            article.Property(a => a.Section).HasMaxLength(64);
            article.Property(a => a.Dateline).HasMaxLength(Article.DatelineMaxLength);
            article.Property(a => a.Byline).HasMaxLength(Article.BylineMaxLength);
            article.Property(a => a.Language).HasMaxLength(Article.LanguageMaxLength);
            article.Property(a => a.RetractionReason).HasMaxLength(Article.RetractionReasonMaxLength);
            article.Property(a => a.Status).HasConversion<string>().HasMaxLength(32);
            article.Ignore(a => a.ETag);
            // Optimistic concurrency: two editors saving the same version cannot both win.
            article.Property(a => a.Version).IsConcurrencyToken();
            article.HasIndex(a => new { a.Status, a.PublishedAt, a.Id });
            // The scheduler's lookup of due reports.
            article.HasIndex(a => a.PublishAt).HasFilter("\"Status\" = 'Scheduled'");
            article.HasIndex(a => a.Tags).HasMethod("gin");
            article.HasIndex(a => a.PlaceText).HasMethod("gin").HasOperators("gin_trgm_ops");
            article.HasOne(a => a.Story).WithMany().HasForeignKey(a => a.StoryId).OnDelete(DeleteBehavior.Restrict);

            article.OwnsMany(a => a.Places, place =>
            {
                place.ToTable("article_places");
                place.WithOwner().HasForeignKey("ArticleId");
                place.Property<int>("Id");
                place.HasKey("ArticleId", "Id");
                place.Property(p => p.Country).HasMaxLength(Place.NameMaxLength);
                place.Property(p => p.Region).HasMaxLength(Place.NameMaxLength);
                place.Property(p => p.District).HasMaxLength(Place.NameMaxLength);
            });
            article.OwnsMany(a => a.Corrections, correction =>
            {
                correction.ToTable("article_corrections");
                correction.WithOwner().HasForeignKey("ArticleId");
                correction.Property<int>("Id");
                correction.HasKey("ArticleId", "Id");
                correction.Property(c => c.Note).HasMaxLength(Correction.NoteMaxLength);
            });

            // Weighted document for full-text search; the "nojor" configuration folds case and accents.
            article.Property<NpgsqlTsVector>("SearchVector").HasComputedColumnSql(
                $"setweight(to_tsvector('{TextSearchConfig}'::regconfig, \"Headline\"), 'A') || " +
                $"setweight(to_tsvector('{TextSearchConfig}'::regconfig, \"PlaceText\"), 'A') || " +
                $"setweight(to_tsvector('{TextSearchConfig}'::regconfig, coalesce(\"Summary\", '')), 'B') || " +
                $"setweight(to_tsvector('{TextSearchConfig}'::regconfig, \"BodyText\"), 'C')",
                stored: true);
            article.HasIndex("SearchVector").HasMethod("gin");
            // Spelling keys of every word, so "Shohin" finds a report that spells it "Shokhin" (see SpellingVariants).
            article.Property<string[]>(SpellingVariants.KeysColumn).HasComputedColumnSql(SpellingVariants.KeysColumnSql, stored: true);
            article.HasIndex(SpellingVariants.KeysColumn).HasMethod("gin");
        });

        modelBuilder.Entity<ArticleRevision>(revision =>
        {
            revision.ToTable("article_revisions");
            revision.HasKey(r => r.Id);
            revision.Property(r => r.Id).ValueGeneratedNever();
            revision.Property(r => r.Change).HasMaxLength(32);
            revision.Property(r => r.Headline).HasMaxLength(Article.HeadlineMaxLength);
            revision.Property(r => r.Summary).HasMaxLength(Article.SummaryMaxLength);
            revision.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
            revision.HasIndex(r => new { r.ArticleId, r.Version });
        });

        modelBuilder.Entity<Story>(story =>
        {
            story.ToTable("stories");
            story.HasKey(s => s.Id);
            story.Property(s => s.Id).ValueGeneratedNever();
            story.Property(s => s.Slug).HasMaxLength(Article.SlugMaxLength);
            story.HasIndex(s => s.Slug).IsUnique();
            story.Property(s => s.Title).HasMaxLength(Story.TitleMaxLength);
        });

        modelBuilder.AddOutboxAndInbox();
    }
}
