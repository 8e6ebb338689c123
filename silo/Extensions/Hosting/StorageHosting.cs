using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using ThreeSocial.Journal;
using ThreeSocial.Storage.AzureBlob;
using ThreeSocial.Storage.Postgres;
using ThreeSocial.Storage.Sqlite;

namespace ThreeSocial.Storage.Hosting;

public static class StorageHosting
{
    /// <summary>
    /// Grain state (Orleans' default storage), reminders and journals on the store a configuration section names
    /// ("Provider": Sqlite, the default; Postgres; AzureBlob), with its settings from the subsection of the same name
    /// (Storage:Sqlite:Path, Storage:Postgres:ConnectionString, …).
    /// </summary>
    public static ISiloBuilder UseThreeSocialStorage(this ISiloBuilder silo, IConfiguration storage)
    {
        var provider = storage["Provider"] ?? "Sqlite";
        var services = silo.Services;
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                var sqlite = new SqliteStorageOptions();
                storage.GetSection("Sqlite").Bind(sqlite);
                services.AddStore(_ => new SqliteGrainStorage(sqlite));
                break;
            case "postgres":
                var postgres = new PostgresStorageOptions();
                storage.GetSection("Postgres").Bind(postgres);
                if (string.IsNullOrWhiteSpace(postgres.ConnectionString))
                    throw new InvalidOperationException("Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres.");
                services.AddStore(_ => new PostgresGrainStorage(postgres));
                break;
            case "azureblob":
                var blob = new AzureBlobStorageOptions();
                storage.GetSection("AzureBlob").Bind(blob);
                if (string.IsNullOrWhiteSpace(blob.Endpoint) || string.IsNullOrWhiteSpace(blob.AccountName) || string.IsNullOrWhiteSpace(blob.AccountKey))
                    throw new InvalidOperationException("Storage:AzureBlob:Endpoint, AccountName and AccountKey are required when Storage:Provider is AzureBlob.");
                services.AddStore(_ => new AzureBlobGrainStorage(blob));
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not one of Sqlite, Postgres, AzureBlob.");
        }
        return silo.UseStore();
    }

    /// <summary>Grain state, reminders and journals on the store registered as <see cref="IStateStore"/> and <see cref="IReminderStore"/>.</summary>
    public static ISiloBuilder UseStore(this ISiloBuilder silo)
    {
        silo.Services.AddGrainStorage("Default", (sp, _) => new StoreGrainStorage(sp.GetRequiredService<IStateStore>()));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(sp => new StoreReminderTable(sp.GetRequiredService<IReminderStore>()));
        silo.Services.AddSingleton<IAttributeToFactoryMapper<JournalAttribute>, JournalAttributeMapper>();
        return silo;
    }

    /// <summary>Registers one store instance under both of its interfaces.</summary>
    public static IServiceCollection AddStore<T>(this IServiceCollection services, Func<IServiceProvider, T> create)
        where T : class, IStateStore, IReminderStore
    {
        services.AddSingleton(create);
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IReminderStore>(sp => sp.GetRequiredService<T>());
        return services;
    }
}
