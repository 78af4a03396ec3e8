using Nojor.Feedback.Beta;

namespace Nojor.UnitTests.Feedback;

public sealed class TriageWorkflowTests
{
    [Theory]
    [InlineData(TriageStatus.New, TriageStatus.Triaged)]
    [InlineData(TriageStatus.Triaged, TriageStatus.Planned)]
    [InlineData(TriageStatus.Triaged, TriageStatus.Declined)]
    [InlineData(TriageStatus.Planned, TriageStatus.Done)]
    [InlineData(TriageStatus.Planned, TriageStatus.Declined)]
    public void The_workflow_allows_its_steps(TriageStatus from, TriageStatus to) => Assert.True(TriageWorkflow.CanMove(from, to));

    [Theory]
    [InlineData(TriageStatus.New, TriageStatus.Done)]
    [InlineData(TriageStatus.New, TriageStatus.Planned)]
    [InlineData(TriageStatus.Triaged, TriageStatus.New)]
    [InlineData(TriageStatus.Done, TriageStatus.Declined)]
    [InlineData(TriageStatus.Declined, TriageStatus.Planned)]
    [InlineData(TriageStatus.Planned, TriageStatus.Planned)]
    public void The_workflow_refuses_skips_reversals_and_reopening(TriageStatus from, TriageStatus to) =>
        Assert.False(TriageWorkflow.CanMove(from, to));
}
