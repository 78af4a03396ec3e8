using Nojor.MailSink;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<MailSinkOptions>().BindConfiguration(MailSinkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<MailFolder>();
builder.Services.AddHostedService<SmtpSink>();

var app = builder.Build();
app.MapMailPages();
app.Run();
