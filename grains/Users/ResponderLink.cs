using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Grains.Users;

/// <summary>
/// Which responder an account may be the phone of: one registered in the city's registry, whose home community or
/// registered grid lies in the account's jurisdiction (so the account could act for them anyway), held by a grid worker.
/// </summary>
public static class ResponderLink
{
    public static void Check(string? responderId, ImmutableArray<Role> roles, ImmutableArray<string> jurisdiction, RegionCatalog catalog)
    {
        if (responderId is null) return;
        var responder = responderId.Length <= 40 ? catalog.Responder(responderId) : null;
        if (responder is null)
            throw new InvalidRequestException(nameof(responderId), "missing.responder", $"'{(responderId.Length <= 40 ? responderId : responderId[..40] + "…")}'");
        if (roles.IsDefaultOrEmpty || !roles.Contains(Role.GridWorker))
            throw new InvalidRequestException(nameof(responderId), "invalid.link-not-grid-worker");
        var places = new[] { responder.HomeCommunity, ResponderIds.RegionOf(responder.Id).ToString() };
        if (!jurisdiction.Any(j => RegionCode.TryParse(j, out var held) && places.Any(p => held.Covers(RegionCode.Parse(p)))))
            throw new InvalidRequestException(nameof(responderId), "invalid.link-outside", responder.Id, string.Join(", ", jurisdiction));
    }
}
