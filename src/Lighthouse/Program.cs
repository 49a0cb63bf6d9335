using Akka.Payments.Lighthouse;
using Microsoft.Extensions.Hosting;

// A seed node: it only joins the cluster and keeps its address stable so that others can find it.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLighthouse(LighthouseSettings.From(builder.Configuration));
await builder.Build().RunAsync();
