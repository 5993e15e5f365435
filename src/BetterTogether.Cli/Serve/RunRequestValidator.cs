using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve;

/// <summary>Checks a run request before it is started: budgets, strategy and task (a problem-details 400 for each fault).</summary>
internal static class RunRequestValidator
{
    /// <summary>Null when the request is valid, else the 400 to answer.</summary>
    public static IResult? Validate(OptimizationRunRequest request, IOptimizationEnvironment environment)
    {
        try
        {
            request.Validate();
        }
        catch (StrategyParseException e)
        {
            return ServeJson.Problem(400, "Invalid strategy", e.Message, "strategy");
        }
        catch (OptimizationRequestException e)
        {
            return ServeJson.Problem(400, "Invalid budget", e.Message, e.ParamName);
        }

        try
        {
            environment.GetTask(request.Task, request.Seed);
        }
        catch (ArgumentException e)
        {
            return ServeJson.Problem(400, "Unknown task", e.Message, "task");
        }

        return null;
    }
}
