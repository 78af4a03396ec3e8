using Nojor.Authentication;
using Nojor.Gateway;
using Nojor.Gateway.Caching;
using Nojor.Gateway.Cors;
using Nojor.Gateway.Limits;
using Nojor.Gateway.OpenApi;
using Nojor.Gateway.Security;
using Nojor.Gateway.Tracing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The client's address from X-Forwarded-For only when the peer is a configured ingress; none by default.
builder.AddTrustedProxies(trustLoopback: false);
builder.AddEditorAuthentication();
builder.AddGatewayRateLimits();
builder.AddReaderCors();
builder.AddMergedApiDocument();
builder.AddGatewayReadCache();
builder.AddGatewayProxy();

var app = builder.Build();
// First, so every answer gets the headers it lacks, refusals and failures included.
app.UseSecurityHeaders();
app.UseTrustedProxies();
app.UseExceptionHandler();
// Unmatched requests and framework-level refusals come back as ProblemDetails, not empty bodies.
app.UseStatusCodePages();
app.UseMiddleware<RequestIdMiddleware>();
app.UseCors();
// Editor-only routes are refused here (401/403) before anything reaches a service; the services check again.
app.UseAuthentication();
app.UseAuthorization();
// Cached answers before the budgets: a cached report read is never refused, however many readers share an address.
// What the cache stores for anonymous reads is also copied for the fast path beneath hosting (Caching/HotCopyAnswers.cs).
app.UseHotCopyCapture();
app.UseCachedAnswersThenBudgets();
app.MapDefaultEndpoints();
app.MapMergedApiDocument();
app.MapGatewayProxy();
// Every other path is the reader web app's (the proxy's lowest-priority route); unknown API paths stay problems.
app.MapProblemFallback("/api");
app.Run();
