// input: key taps shorter than a frame are not lost, and the frame loop learns when input arrived.
#pragma once

struct GLFWwindow;

// Installs the key callback; call before ImGui's GLFW backend, which chains to it.
void input_install(GLFWwindow *window);
// Before ImGui::NewFrame: keys tapped since the last frame are held down for
// this one, and those held for the last one are let go.
void input_new_frame();
// True once per press of `key` (GLFW's key code, which is ImGui 1.86's key
// index), and again at ImGui's repeat rate while it is held. False while a
// text box has the keyboard.
bool key_hit(int key);
// True when `key` was pressed since the last frame, even into a text box (F12).
bool key_tapped(int key);
// True when any input arrived since the last frame: the frame loop draws a
// few frames after input and otherwise waits for the next event.
bool input_arrived();
// Key presses still waiting for a frame of their own.
bool input_pending();
