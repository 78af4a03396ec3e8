using Nojor.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReaderWeb();

var app = builder.Build();
app.UseReaderWeb();
app.MapDefaultEndpoints();
app.MapRazorPages();
app.Run();
