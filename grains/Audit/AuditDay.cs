using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Audit;

public sealed class AuditDay : IJournaledState<AuditDay, AuditBatch>
{
    public AuditDay Apply(AuditBatch e) => this; // the log itself is the record; nothing to fold
}
