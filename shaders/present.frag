#version 450
// Scales the emulated frame (or the overlay) into its viewport. The sampler is bilinear;
// nearest and sharp-bilinear pick the coordinate so that the bilinear tap returns what they
// need.
layout(location = 0) in vec2 vUv;
layout(location = 0) out vec4 outColor;

layout(set = 0, binding = 0) uniform sampler2D frameTex;

layout(push_constant) uniform Params {
    vec2 texSize;   // source size in texels
    vec2 outSize;   // viewport size in framebuffer pixels
    int filterMode; // 0 nearest, 1 bilinear, 2 sharp bilinear
} params;

void main() {
    vec2 texel = vUv * params.texSize;
    vec2 uv = vUv;
    if (params.filterMode == 0) {
        // Centre of the texel the pixel falls in: the bilinear tap degenerates to one texel.
        uv = (floor(texel) + 0.5) / params.texSize;
    } else if (params.filterMode == 2) {
        // Sharp bilinear: each texel is a flat block of `scale` pixels, and only the one
        // pixel band at its border is blended with the neighbour, so edges stay crisp at
        // non-integer scales without shimmering.
        vec2 scale = max(floor(params.outSize / params.texSize), vec2(1.0));
        vec2 flatHalf = 0.5 - 0.5 / scale;
        vec2 fromCentre = fract(texel) - 0.5;
        vec2 blend = (fromCentre - clamp(fromCentre, -flatHalf, flatHalf)) * scale + 0.5;
        uv = (floor(texel) + blend) / params.texSize;
    }
    outColor = texture(frameTex, uv);
}
