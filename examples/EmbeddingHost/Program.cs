// A host application that embeds Sentra: it compiles a pricing rule once, gives it the
// application's data and a host function, runs it for each order under limits, and reads the
// results back as .NET values. Run it with: dotnet run --project examples/EmbeddingHost
using Sentra;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Runtime;

const string rules = """
    // discount rules, as a shop's staff might write them
    fn discount(order) {
      let total = 0
      for item in order.items { total = total + item.price * item.qty }
      let rate = 0
      if total > 100 { rate = 0.1 }
      if contains(vip_customers, order.customer) { rate = rate + 0.05 }
      audit(order.customer + ": total " + str(total) + ", rate " + str(rate))
      return {total: total, discount: round(total * rate * 100) / 100}
    }
    return discount(order)
    """;

var script = SentraEngine.Compile(rules, "rules.sn");
var auditLog = new List<string>();
using var engine = new SentraEngine(new EngineOptions
{
    Output = Console.Out,
    Limits = new ExecutionLimits { MaxSteps = 100_000, Timeout = TimeSpan.FromSeconds(1) },
});
engine.SetValue("vip_customers", new[] { "ada", "grace" })
      .SetValue("audit", (string line) => auditLog.Add(line));

var orders = new[]
{
    new Dictionary<string, object?>
    {
        ["customer"] = "ada",
        ["items"] = new[] { new Dictionary<string, object?> { ["price"] = 40, ["qty"] = 3 } },
    },
    new Dictionary<string, object?>
    {
        ["customer"] = "bob",
        ["items"] = new[] { new Dictionary<string, object?> { ["price"] = 9.5, ["qty"] = 2 } },
    },
};

foreach (var order in orders)
{
    engine.SetValue("order", order);
    try
    {
        var result = engine.Run(script).To<Dictionary<string, double>>();
        Console.WriteLine($"{order["customer"]}: total {result["total"]}, discount {result["discount"]}");
    }
    catch (SentraException e)
    {
        Console.Error.WriteLine(e.Render());
    }
}
foreach (var line in auditLog) Console.WriteLine("audit: " + line);
