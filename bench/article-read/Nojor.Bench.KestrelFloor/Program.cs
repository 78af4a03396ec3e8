using Microsoft.Net.Http.Headers;

// The floor under any ASP.NET Core answer: Kestrel alone, with no middleware, routing, logging or telemetry, answering
// every request with one file's bytes held in memory and the service's headers. The read benchmark measures it beside
// nginx and the article service, so the service's cost over Kestrel's shows apart from Kestrel's cost over nginx.
// Usage: Nojor.Bench.KestrelFloor <body file> <port>   (stops on Ctrl+C or SIGTERM)
if (args.Length != 2 || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("Usage: Nojor.Bench.KestrelFloor <body file> <port>");
    return 2;
}
var body = await File.ReadAllBytesAsync(args[0]);

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port));
var app = builder.Build();
app.Run(context =>
{
    var response = context.Response;
    // The service's headers, an ETag of the same length included, so both answers are the same size on the wire.
    response.Headers.ETag = "\"01a22c29ad287f80b4e45af0397249a6-1\"";
    response.Headers.CacheControl = "public, max-age=30";
    response.Headers[HeaderNames.ContentType] = "application/json; charset=utf-8";
    response.ContentLength = body.Length;
    var written = response.BodyWriter.WriteAsync(body);
    return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
});
await app.RunAsync();
return 0;
