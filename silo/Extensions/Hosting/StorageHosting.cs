using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using ThreeSocial.Journal;
using ThreeSocial.Storage.AzureStorage;
using ThreeSocial.Storage.Postgres;
using ThreeSocial.Storage.Sqlite;

namespace ThreeSocial.Storage.Hosting;

public enum StorageProvider { Sqlite, Postgres, AzureStorage }

public enum ClusterProvider { Localhost, Postgres, AzureStorage }

/// <summary>
/// Where the silo keeps grain state, reminders and journals, and how it finds the other silos, from configuration:
/// Storage:Provider (Sqlite, the default; Postgres; AzureStorage) with its section (Storage:Sqlite:Path,
/// Storage:Postgres:ConnectionString, Storage:AzureStorage:ConnectionString and :Container), and Cluster:Provider
/// (Localhost, the default, one silo; Postgres; AzureStorage: membership in the store of that name) with Cluster:ClusterId,
/// Cluster:ServiceId, Cluster:SiloPort and Cluster:GatewayPort.
/// </summary>
public static class StorageHosting
{
    /// <summary>The name our storage is registered under when Orleans' provider sits behind our error translation.</summary>
    private const string ProviderStorageName = "threesocial-provider";

    public static ISiloBuilder UseThreeSocialStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var storage = configuration.GetSection("Storage");
        var provider = Parse<StorageProvider>(storage["Provider"], "Storage:Provider", StorageProvider.Sqlite);
        var cluster = Parse<ClusterProvider>(configuration["Cluster:Provider"], "Cluster:Provider", ClusterProvider.Localhost);
        if (provider == StorageProvider.Sqlite && cluster != ClusterProvider.Localhost)
            throw new InvalidOperationException($"Cluster:Provider is {cluster}, but Storage:Provider is Sqlite: a SQLite file serves one silo only. " +
                "Set Storage:Provider to Postgres or AzureStorage to run a cluster, or Cluster:Provider to Localhost for one silo.");
        var serviceId = configuration["Cluster:ServiceId"] ?? "threesocial";
        silo.UseThreeSocialCluster(configuration, cluster, serviceId);
        switch (provider)
        {
            case StorageProvider.Sqlite:
                var sqlite = new SqliteStorageOptions();
                storage.GetSection("Sqlite").Bind(sqlite);
                silo.Services.AddStore(_ => new SqliteGrainStorage(sqlite));
                return silo.UseStore();
            case StorageProvider.Postgres:
                return silo.UsePostgres(PostgresConnection(storage), serviceId);
            default:
                return silo.UseAzureStorage(AzureConnection(storage), storage["AzureStorage:Container"] ?? "threesocial");
        }
    }

    /// <summary>Grain state, reminders and journals on our SQLite store registered as <see cref="IStateStore"/> and <see cref="IReminderStore"/>.</summary>
    public static ISiloBuilder UseStore(this ISiloBuilder silo)
    {
        silo.Services.AddGrainStorage("Default", (sp, _) => new StoreGrainStorage(sp.GetRequiredService<IStateStore>()));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(sp => new StoreReminderTable(sp.GetRequiredService<IReminderStore>()));
        return silo.AddJournals();
    }

    /// <summary>Registers one SQLite store under each of its interfaces.</summary>
    public static IServiceCollection AddStore<T>(this IServiceCollection services, Func<IServiceProvider, T> create)
        where T : class, IStateStore, IReminderStore, ILogStore, IStorageHealth
    {
        services.AddSingleton(create);
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IReminderStore>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<T>());
        return services;
    }

    /// <summary>
    /// Orleans' ADO.NET providers on PostgreSQL (state, reminders; membership when Cluster:Provider is Postgres), the
    /// schema from Orleans' own scripts applied once before anything reads it, journals in tables beside Orleans' own.
    /// </summary>
    private static ISiloBuilder UsePostgres(this ISiloBuilder silo, string connectionString, string serviceId)
    {
        // Once, when PostgreSQL holds both the state and the membership.
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaAtStart(connectionString)));
        silo.UseOrleansGrainStorage(PostgresFailures.IsUnavailable, s => s.AddAdoNetGrainStorage(ProviderStorageName, o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        }));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.TranslateReminderFailures(PostgresFailures.IsUnavailable);
        var source = NpgsqlDataSource.Create(connectionString);
        silo.Services.AddSingleton(new PostgresLogStore(source, serviceId));
        silo.Services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<PostgresLogStore>());
        silo.Services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<PostgresLogStore>());
        return silo.AddJournals();
    }

    /// <summary>
    /// Orleans' Azure Storage providers: grain state in blobs (Microsoft.Orleans.Persistence.AzureStorage), reminders in a
    /// table (and membership when Cluster:Provider is AzureStorage), journals in blobs beside the state.
    /// </summary>
    private static ISiloBuilder UseAzureStorage(this ISiloBuilder silo, string connectionString, string container)
    {
        var blobs = new BlobServiceClient(connectionString, AzureClients.Blobs());
        silo.UseOrleansGrainStorage(AzureFailures.IsUnavailable, s => s.AddAzureBlobGrainStorage(ProviderStorageName, o =>
        {
            o.BlobServiceClient = blobs;
            o.ContainerName = container;
        }));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString, AzureClients.Tables()));
        silo.Services.TranslateReminderFailures(AzureFailures.IsUnavailable);
        var log = new BlobLogStore(blobs.GetBlobContainerClient(container));
        silo.Services.AddSingleton<ILogStore>(log).AddSingleton<IStorageHealth>(log);
        return silo.AddJournals();
    }

    /// <summary>
    /// How silos find each other. Localhost: this one silo alone. Postgres or AzureStorage: the membership table in that
    /// store, each silo on 127.0.0.1 (Cluster:AdvertisedAddress for another) at its own Cluster:SiloPort.
    /// </summary>
    private static ISiloBuilder UseThreeSocialCluster(this ISiloBuilder silo, IConfiguration configuration, ClusterProvider provider, string serviceId)
    {
        var cluster = configuration.GetSection("Cluster");
        var orleans = configuration.GetSection("Orleans"); // the names these settings had before Cluster:*
        var siloPort = cluster.GetValue<int?>("SiloPort") ?? orleans.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = cluster.GetValue<int?>("GatewayPort") ?? orleans.GetValue("GatewayPort", 0);
        var clusterId = cluster["ClusterId"] ?? orleans["ClusterId"] ?? "threesocial";
        if (provider == ClusterProvider.Localhost)
            return silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);

        var address = IPAddress.Parse(cluster["AdvertisedAddress"] ?? "127.0.0.1");
        silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
        // A silo that stops answering is declared dead after about three missed 3-second probes (Orleans' default is
        // 5 s), so its grains come back on a survivor in seconds, not half a minute.
        silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = cluster.GetValue("ProbeTimeout", TimeSpan.FromSeconds(3)));
        var storage = configuration.GetSection("Storage");
        if (provider == ClusterProvider.Postgres)
        {
            var connectionString = PostgresConnection(storage);
            silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaAtStart(connectionString)));
            return silo.UseAdoNetClustering(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = connectionString;
            });
        }
        var connection = AzureConnection(storage);
        return silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connection, AzureClients.Tables()));
    }

    /// <summary>
    /// One of Orleans' grain storage providers as the default storage, its client's failures (database down, network
    /// gone) turned into <see cref="GrainStorageException"/> so callers get a 503 whichever provider runs; state as
    /// System.Text.Json with web names, as our SQLite store writes it.
    /// </summary>
    private static void UseOrleansGrainStorage(this ISiloBuilder silo, Func<Exception, bool> isUnavailable, Action<ISiloBuilder> addProvider)
    {
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o =>
        {
            o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.JsonSerializerOptions.PropertyNameCaseInsensitive = true;
        });
        addProvider(silo);
        silo.Services.AddGrainStorage("Default", (sp, _) =>
            new UnavailableStorageTranslation(sp.GetRequiredKeyedService<IGrainStorage>(ProviderStorageName), isUnavailable));
    }

    /// <summary>Orleans' reminder table, as its provider registered it, behind <see cref="UnavailableReminderTranslation"/>.</summary>
    private static void TranslateReminderFailures(this IServiceCollection services, Func<Exception, bool> isUnavailable)
    {
        var provider = services.Last(d => d.ServiceType == typeof(IReminderTable));
        services.Remove(provider);
        services.AddSingleton<IReminderTable>(sp => new UnavailableReminderTranslation(provider switch
        {
            { ImplementationInstance: IReminderTable instance } => instance,
            { ImplementationFactory: { } factory } => (IReminderTable)factory(sp),
            _ => (IReminderTable)ActivatorUtilities.CreateInstance(sp, provider.ImplementationType!),
        }, isUnavailable));
    }

    private static ISiloBuilder AddJournals(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IAttributeToFactoryMapper<JournalAttribute>, JournalAttributeMapper>();
        return silo;
    }

    private const string AdoNetInvariant = "Npgsql";

    /// <summary>
    /// The connection string, with timeouts that make a database that is down fail a request in seconds, not 15 s or
    /// more, and a pool that leaves room for other silos (PostgreSQL allows 100 connections unless told otherwise).
    /// </summary>
    private static string PostgresConnection(IConfiguration storage)
    {
        var configured = storage["Postgres:ConnectionString"];
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException("Storage:Postgres:ConnectionString is required when Storage:Provider or Cluster:Provider is Postgres.");
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!configured.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 3;
            builder.CommandTimeout = 5;
        }
        if (!configured.Contains("Pool Size", StringComparison.OrdinalIgnoreCase)) builder.MaxPoolSize = 24;
        return builder.ToString();
    }

    private static string AzureConnection(IConfiguration storage) =>
        storage["AzureStorage:ConnectionString"] is { Length: > 0 } connection ? connection
            : throw new InvalidOperationException("Storage:AzureStorage:ConnectionString is required when Storage:Provider or Cluster:Provider is AzureStorage.");

    private static T Parse<T>(string? value, string setting, T fallback) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? fallback
            : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new InvalidOperationException($"{setting} '{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
}

/// <summary>
/// Azure SDK clients that give up within the grain call's 30 s (the SDK's defaults retry for minutes), so a 503 comes
/// fast. A server that is down refuses at once; the network timeout only covers a slow answer, and it is generous
/// because a conditional write retried after a timeout finds its own first attempt and fails as a false conflict
/// (a 300-write burst on a busy Azurite went over 3 s once in CI).
/// </summary>
internal static class AzureClients
{
    public static BlobClientOptions Blobs() => Fast(new BlobClientOptions());

    public static TableClientOptions Tables() => Fast(new TableClientOptions());

    private static T Fast<T>(T options) where T : Azure.Core.ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(8);
        return options;
    }
}

/// <summary>Applies the PostgreSQL schema before the membership table, reminders and grain storage read it.</summary>
internal sealed class PostgresSchemaAtStart(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaAtStart), ServiceLifecycleStage.First, ct => PostgresSchema.EnsureAsync(connectionString, ct));
}
