// The vault's player: no "save video as" from the context menu. (A determined viewer can
// still film the screen; the name over the picture says whose copy that would be.)
document.querySelectorAll(".vault-player video").forEach(function (video) {
  video.addEventListener("contextmenu", function (event) { event.preventDefault(); });
});
