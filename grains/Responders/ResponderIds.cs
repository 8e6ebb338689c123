using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Responders;

/// <summary>
/// A responder's id in the city registry: the region they are registered under, "-", a role tag and a number: a grid
/// worker's grid ("-GW01"), a volunteer's or property staff's community ("-VO01", "-PS01"), a social worker's street ("-SW01").
/// </summary>
public static class ResponderIds
{
    /// <summary>The region the id is registered under. Ids come from the registry, so a malformed one is a bug, not the caller's.</summary>
    public static RegionCode RegionOf(string responderId) =>
        responderId.IndexOf('-') is > 0 and var dash && RegionCode.TryParse(responderId[..dash], out var region)
            ? region
            : throw new ArgumentException($"'{responderId}' is not a responder id.", nameof(responderId));
}
