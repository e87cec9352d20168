#version 450
// Full-viewport quad from gl_VertexIndex (triangle strip, 4 vertices, no vertex buffer).
// The viewport set by the presenter places the quad: the display rectangle for the emulated
// frame, the overlay rectangle for the timing overlay.
layout(location = 0) out vec2 vUv;

void main() {
    vec2 corner = vec2(float(gl_VertexIndex & 1), float((gl_VertexIndex >> 1) & 1));
    vUv = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
