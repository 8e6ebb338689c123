using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ThreeSocial.Runtime.Reminders;
using ThreeSocial.Runtime.Storage;
using ThreeSocial.Runtime.Storage.AzureBlob;
using ThreeSocial.Runtime.Storage.Postgres;
using ThreeSocial.Runtime.Storage.Sqlite;
using ThreeSocial.Runtime.Streams;

namespace ThreeSocial.Runtime.Hosting;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime as a hosted service; a storage provider must be added too.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions> configure)
    {
        services.Configure(configure);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System); // grains take TimeProvider so tests can move time
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<EventStream>(sp => sp.GetRequiredService<GrainRuntime>().Events);
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        return services;
    }

    /// <summary>
    /// The storage provider a configuration section names ("Provider": Sqlite, the default; Postgres; AzureBlob), with its
    /// settings from the subsection of the same name (Storage:Sqlite:Path, Storage:Postgres:ConnectionString, …).
    /// </summary>
    public static IServiceCollection AddGrainStorage(this IServiceCollection services, IConfiguration storage)
    {
        var provider = storage["Provider"] ?? "Sqlite";
        return provider.ToLowerInvariant() switch
        {
            "sqlite" => services.AddSqliteGrainStorage(o => storage.GetSection("Sqlite").Bind(o)),
            "postgres" => services.AddPostgresGrainStorage(o => storage.GetSection("Postgres").Bind(o)),
            "azureblob" => services.AddAzureBlobGrainStorage(o => storage.GetSection("AzureBlob").Bind(o)),
            _ => throw new InvalidOperationException($"Storage:Provider '{provider}' is not one of Sqlite, Postgres, AzureBlob."),
        };
    }

    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        var options = new SqliteStorageOptions();
        configure(options);
        services.AddSingleton(_ => new SqliteGrainStorage(options));
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        return services;
    }

    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, Action<PostgresStorageOptions> configure)
    {
        var options = new PostgresStorageOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException("Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres.");
        services.AddSingleton(_ => new PostgresGrainStorage(options));
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<PostgresGrainStorage>());
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<PostgresGrainStorage>());
        return services;
    }

    public static IServiceCollection AddAzureBlobGrainStorage(this IServiceCollection services, Action<AzureBlobStorageOptions> configure)
    {
        var options = new AzureBlobStorageOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint) || string.IsNullOrWhiteSpace(options.AccountName) || string.IsNullOrWhiteSpace(options.AccountKey))
            throw new InvalidOperationException("Storage:AzureBlob:Endpoint, AccountName and AccountKey are required when Storage:Provider is AzureBlob.");
        services.AddSingleton(_ => new AzureBlobGrainStorage(options));
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<AzureBlobGrainStorage>());
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<AzureBlobGrainStorage>());
        return services;
    }
}
