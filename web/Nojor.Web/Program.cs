using Nojor.Web.Desk;
using Nojor.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReaderWeb();
builder.AddNewsroomDesk();

var app = builder.Build();
app.UseReaderWeb();
app.UseNewsroomDesk();
app.MapDefaultEndpoints();
app.MapRazorPages();
app.Run();
