using BetterTogether.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// ASP.NET Core integration: the HTTP functions take HttpRequest and answer with the shared API's results.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
FunctionsStartup.ConfigureServices(builder.Services, builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
