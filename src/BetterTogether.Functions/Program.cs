using BetterTogether.Core.FineTuning;
using BetterTogether.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices(services =>
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new HttpClient());
        services.AddSingleton<IFineTuner>(sp => FineTunerSetup.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<HttpClient>()));
        services.AddSingleton(WorkflowSetup.CreateRegistry);
    })
    .Build();

await host.RunAsync().ConfigureAwait(false);
