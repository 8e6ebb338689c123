using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Xunit;

namespace ThreeSocial.Tests.Support;

/// <summary>Each test gets its own database file and its own started Orleans silo.</summary>
public abstract class RuntimeTest : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new();
    protected TestSilo Silo { get; set; } = null!;

    protected IGrainFactory Grains => Silo.Grains;
    protected string DatabasePath => Temp.File("state.db");

    protected virtual void Configure(ISiloBuilder silo)
    {
    }

    /// <summary>For tests about idle collection: a short collection age, looked for often.</summary>
    protected static void CollectIdleAfter(ISiloBuilder silo, TimeSpan age) =>
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = age;
            o.CollectionQuantum = TimeSpan.FromMilliseconds(100);
        });

    /// <summary>Services the grains under test need beyond the silo's own (a region catalog, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(DatabasePath, Configure, services: ConfigureServices);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Temp.Dispose();
    }

    /// <summary>The names of the reminders a grain holds in the reminder table (type as Orleans names it: "incident", "alert" …).</summary>
    protected async Task<IReadOnlyList<string>> RemindersOf(string grainType, string key) =>
        [.. (await Silo.Reminders.ReadRows(GrainId.Create(grainType, key))).Reminders.Select(r => r.ReminderName).Order()];

    /// <summary>Stops this silo and starts a new one on the same file.</summary>
    protected async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await TestSilo.StartAsync(DatabasePath, Configure, services: ConfigureServices);
    }
}
