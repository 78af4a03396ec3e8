namespace Nojor.Feedback.Ingest;

public static class IngestExtensions
{
    /// <summary>Group commit for beta feedback: a bounded queue, batch writers, and a hosted service that drains on shutdown.</summary>
    public static IHostApplicationBuilder AddFeedbackIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FeedbackIngestQueue>();
        builder.Services.AddSingleton<IFeedbackBatchStore, CopyFeedbackBatchStore>();
        builder.Services.AddSingleton<FeedbackBatchWriter>();
        builder.Services.AddHostedService<FeedbackIngestService>();
        return builder;
    }
}
