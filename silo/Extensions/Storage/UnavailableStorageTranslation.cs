using Orleans.Runtime;
using Orleans.Storage;

namespace ThreeSocial.Storage;

/// <summary>
/// Orleans' providers let their client's exceptions through (NpgsqlException, RequestFailedException, …). This turns the
/// ones that mean "storage cannot be reached" into <see cref="GrainStorageException"/>, which the API answers with 503,
/// and lets everything else (a stale ETag above all) through unchanged.
/// </summary>
internal sealed class UnavailableStorageTranslation(IGrainStorage inner, Func<Exception, bool> isUnavailable) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.ReadStateAsync(stateName, grainId, grainState), "read", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.WriteStateAsync(stateName, grainId, grainState), "write", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.ClearStateAsync(stateName, grainId, grainState), "clear", stateName, grainId);

    private async Task Translate(Func<Task> operation, string what, string stateName, GrainId grainId)
    {
        try
        {
            await operation();
        }
        catch (Exception e) when (e is not InconsistentStateException && isUnavailable(e))
        {
            throw new GrainStorageException($"Storage could not {what} the {stateName} of {grainId}: {e.Message}", e);
        }
    }
}
