using Microsoft.Extensions.Hosting;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>Loads the token signing key before the server takes requests (hosted services start before it).</summary>
internal sealed class SigningKeyLoader(AccessTokens tokens, IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tokens.LoadKeyAsync(grains);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
