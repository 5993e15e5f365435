namespace BetterTogether.Engine.Model;

/// <summary>The linear projections of a decoder layer (LoRA targets).</summary>
public enum LinearModule
{
    /// <summary><c>self_attn.q_proj</c>: hidden → heads × head_dim.</summary>
    QProj,

    /// <summary><c>self_attn.k_proj</c>: hidden → kv_heads × head_dim.</summary>
    KProj,

    /// <summary><c>self_attn.v_proj</c>: hidden → kv_heads × head_dim.</summary>
    VProj,

    /// <summary><c>self_attn.o_proj</c>: heads × head_dim → hidden.</summary>
    OProj,

    /// <summary><c>mlp.gate_proj</c>: hidden → intermediate.</summary>
    GateProj,

    /// <summary><c>mlp.up_proj</c>: hidden → intermediate.</summary>
    UpProj,

    /// <summary><c>mlp.down_proj</c>: intermediate → hidden.</summary>
    DownProj,
}
