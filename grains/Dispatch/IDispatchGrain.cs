
namespace ThreeSocial.Grains.Dispatch;

/// <summary>
/// A district's dispatch board (key: district code): the responders on duty in the district as they last reported
/// themselves, and the rounds in which competing incidents are given people together.
/// </summary>
[Alias("ts.IDispatchGrain")]
public interface IDispatchGrain : IGrainWithStringKey
{
    /// <summary>A responder's latest state; an older version than the one held is ignored.</summary>
    [OneWay] Task UpdateResponder(ResponderAvailability availability);

    /// <summary>Joins the next round (a short window gathers the incidents that compete) and answers with its decision.</summary>
    Task<DispatchDecision> Dispatch(DispatchRequest request);
}
