namespace ThreeSocial.Runtime;

/// <summary>Marker for grain interfaces. Every method returns Task or Task&lt;T&gt;.</summary>
public interface IGrain;

public interface IGrainWithStringKey : IGrain;

public interface IGrainFactory
{
    /// <summary>A reference to the grain with this key. Cheap: no activation happens until the first call.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
