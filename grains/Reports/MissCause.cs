namespace ThreeSocial.Grains.Reports;

/// <summary>Why a deadline was missed, as the incident's timeline shows it.</summary>
[GenerateSerializer, Alias("ts.MissCause")]
public enum MissCause
{
    /// <summary>The street office never acknowledged the report.</summary>
    NotAcknowledged,
    AcknowledgedLate,
    /// <summary>Nobody on duty with the skills needed, even with mutual aid.</summary>
    NoResponderFound,
    /// <summary>People were sent but nobody accepted in time.</summary>
    NotAccepted,
    /// <summary>Accepted, but nobody was on scene (or answered) by the deadline.</summary>
    ArrivedLate,
    ResolvedLate,
    NotResolved,
}
