using Nojor.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayProxy();

var app = builder.Build();
app.UseExceptionHandler();
// Upstream failures (502/503/504) and unmatched requests come back as ProblemDetails, not empty bodies.
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapProblemFallback();
app.Run();
