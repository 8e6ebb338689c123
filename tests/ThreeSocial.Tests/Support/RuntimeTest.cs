using ThreeSocial.Runtime;
using Xunit;

namespace ThreeSocial.Tests.Support;

/// <summary>Each test gets its own database file and its own started runtime.</summary>
public abstract class RuntimeTest : IAsyncLifetime
{
    protected readonly TempDirectory Temp = new();
    protected TestSilo Silo = null!;

    protected IGrainFactory Grains => Silo.Grains;
    protected string DatabasePath => Temp.File("state.db");

    protected virtual void Configure(GrainRuntimeOptions options)
    {
    }

    /// <summary>For tests about idle collection: a short collection age, looked for often.</summary>
    protected static void CollectIdleAfter(GrainRuntimeOptions options, TimeSpan age)
    {
        options.CollectionAge = age;
        options.CollectionQuantum = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>Services the grains under test need beyond the runtime (a region catalog, say).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(DatabasePath, Configure, services: ConfigureServices);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Temp.Dispose();
    }

    /// <summary>Stops this runtime and starts a new one on the same file.</summary>
    protected async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await TestSilo.StartAsync(DatabasePath, Configure, services: ConfigureServices);
    }
}
