using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>Factors of the ETA (bound from "Dispatch:Eta"); a district may override its detour factor.</summary>
public sealed class EtaOptions
{
    public double WalkKmh { get; set; } = 4.5;
    public double EBikeKmh { get; set; } = 15;
    public double CarKmh { get; set; } = 30;
    public double WalkMobilisationMinutes { get; set; } = 3;
    public double EBikeMobilisationMinutes { get; set; } = 5;
    public double CarMobilisationMinutes { get; set; } = 8;

    /// <summary>Road distance over straight-line distance: streets wind more in Chongqing's hills than on a plain.</summary>
    public double UrbanDetourFactor { get; set; } = 1.4;
    public double RuralDetourFactor { get; set; } = 1.8;

    /// <summary>Per district code: its own detour factor (mountain counties need more).</summary>
    public Dictionary<string, double> DistrictDetourFactor { get; set; } = new();

    /// <summary>A position older than this is stale: the responder may have moved since.</summary>
    public double FreshPositionMinutes { get; set; } = 15;

    /// <summary>Minutes added per hour a position is stale, up to the cap; no position at all costs the cap, from home.</summary>
    public double StalePenaltyPerHour { get; set; } = 20;
    public double MaxStalePenaltyMinutes { get; set; } = 30;
}

/// <summary>Where a responder can be taken to be: their last fix, or home when there is none.</summary>
[GenerateSerializer, Immutable, Alias("ts.Whereabouts")]
public sealed record Whereabouts([Id(0)] double Longitude, [Id(1)] double Latitude, [Id(2)] DateTimeOffset? At);

/// <summary>ETA = mobilisation + distance × detour factor ÷ speed of the mode, plus a penalty for a stale position.</summary>
public sealed class EtaModel(EtaOptions options)
{
    public EtaOptions Options => options;

    public double DetourFactor(string district, bool urban) =>
        options.DistrictDetourFactor.TryGetValue(district, out var factor) ? factor : urban ? options.UrbanDetourFactor : options.RuralDetourFactor;

    public (double Minutes, double DistanceKm) Estimate(Whereabouts from, TravelMode mode, double toLongitude, double toLatitude,
        double detourFactor, DateTimeOffset now)
    {
        var (minutes, km) = Road(from.Longitude, from.Latitude, mode, toLongitude, toLatitude, detourFactor);
        return (minutes + StalePenalty(from.At, now), km);
    }

    /// <summary>Mobilisation and road travel from a known point, without any doubt about where the person is.</summary>
    public (double Minutes, double DistanceKm) Road(double fromLongitude, double fromLatitude, TravelMode mode, double toLongitude, double toLatitude,
        double detourFactor)
    {
        var km = GreatCircleKm(fromLongitude, fromLatitude, toLongitude, toLatitude);
        var (speed, mobilisation) = mode switch
        {
            TravelMode.Walk => (options.WalkKmh, options.WalkMobilisationMinutes),
            TravelMode.EBike => (options.EBikeKmh, options.EBikeMobilisationMinutes),
            _ => (options.CarKmh, options.CarMobilisationMinutes),
        };
        return (mobilisation + km * detourFactor / speed * 60, km);
    }

    public double StalePenalty(DateTimeOffset? positionAt, DateTimeOffset now)
    {
        if (positionAt is not { } at) return options.MaxStalePenaltyMinutes;
        var staleMinutes = (now - at).TotalMinutes - options.FreshPositionMinutes;
        return staleMinutes <= 0 ? 0 : Math.Min(options.MaxStalePenaltyMinutes, staleMinutes / 60 * options.StalePenaltyPerHour);
    }

    /// <summary>Haversine on a sphere of the Earth's mean radius: ample for distances inside one city.</summary>
    public static double GreatCircleKm(double lon1, double lat1, double lon2, double lat2)
    {
        const double radiusKm = 6371.0088;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * radiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
