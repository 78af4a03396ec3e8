using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nojor.Feedback.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service (no broker or cache needed).</summary>
internal sealed class DesignTimeFeedbackDbContextFactory : IDesignTimeDbContextFactory<FeedbackDbContext>
{
    public FeedbackDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FeedbackDbContext>().UseNpgsql("Host=localhost;Database=feedbackdb").Options);
}
