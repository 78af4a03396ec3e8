namespace Nojor.Feedback.Beta;

public enum TriageStatus
{
    New,
    Triaged,
    Planned,
    Done,
    Declined,
}

/// <summary>The editors' triage workflow: new → triaged → planned → done | declined (declining is possible once triaged).</summary>
public static class TriageWorkflow
{
    public static bool CanMove(TriageStatus from, TriageStatus to) => (from, to) switch
    {
        (TriageStatus.New, TriageStatus.Triaged) => true,
        (TriageStatus.Triaged, TriageStatus.Planned or TriageStatus.Declined) => true,
        (TriageStatus.Planned, TriageStatus.Done or TriageStatus.Declined) => true,
        _ => false,
    };
}
