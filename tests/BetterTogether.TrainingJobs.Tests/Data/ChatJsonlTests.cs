using System.Text;
using BetterTogether.TrainingJobs.Data;
using BetterTogether.TrainingJobs.Tests.Infrastructure;

namespace BetterTogether.TrainingJobs.Tests.Data;

public sealed class ChatJsonlTests
{
    [Fact]
    public async Task ReadAsync_WrittenRecords_RoundTrips()
    {
        var bytes = ChatJsonl.Write(TestData.Records);
        var read = await ChatJsonl.ReadAsync(new MemoryStream(bytes), "data.jsonl");
        Assert.Equal(TestData.Records.Count, read.Count);
        Assert.Equal(TestData.Records[2].Messages, read[2].Messages);
        Assert.Equal(TestData.Records.Count, Encoding.UTF8.GetString(bytes).Count(c => c == '\n'));
    }

    [Theory]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}\n{not json\n", 2, "not valid JSON")]
    [InlineData("\n{\"messages\":[]}\n", 2, "no \"messages\"")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", 1, "no assistant message")]
    [InlineData("{\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"b\"}]}", 1, "message 0 has no content")]
    [InlineData("{\"messages\":[{\"role\":\"tool\",\"content\":\"a\"}]}", 1, "role 'tool'")]
    public async Task ReadAsync_CorruptLine_ThrowsNamingFileAndLine(string text, int line, string reason)
    {
        var ex = await Assert.ThrowsAsync<TrainingDataException>(() => ChatJsonl.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "runs/r1/data.jsonl"));
        Assert.Equal(line, ex.Line);
        Assert.Equal("runs/r1/data.jsonl", ex.DataSource);
        Assert.Contains($"'runs/r1/data.jsonl' line {line}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Empty_Throws()
    {
        var ex = await Assert.ThrowsAsync<TrainingDataException>(() => ChatJsonl.ReadAsync(new MemoryStream("\n\n"u8.ToArray()), "d.jsonl"));
        Assert.Contains("no records", ex.Message, StringComparison.Ordinal);
    }
}
