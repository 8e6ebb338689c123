namespace ThreeSocial.Grains.TimeBank;

/// <summary>A credit adds hours served, an approval adds a credit's hours held above the cap, a redemption takes hours away.</summary>
[GenerateSerializer, Alias("ts.TimeBankEntryKind")]
public enum TimeBankEntryKind { Credit, Approval, Redemption }
